// Parses Adaptive Cards with Microsoft's `adaptivecards` library, targeting version 1.5, in a plain
// Node process (the library imports an ES module that Jest's CommonJS runtime cannot load).
// Reads a JSON array of cards on stdin; writes, for each, the parser's events, its validation
// failures and its own serialisation of what it understood.
const AC = require('adaptivecards');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const results = JSON.parse(input).map((json) => {
    const context = new AC.SerializationContext(AC.Versions.v1_5);
    const card = new AC.AdaptiveCard();
    card.parse(json, context);
    const events = [];
    for (let i = 0; i < context.eventCount; i += 1) events.push(context.getEventAt(i).message);
    const validation = card.validateProperties().validationEvents.map((e) => e.message);
    return { events, validation, understood: card.toJSON() };
  });
  process.stdout.write(JSON.stringify(results));
});
