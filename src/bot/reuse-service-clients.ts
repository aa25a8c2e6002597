/**
 * The clients the bot speaks to Teams with, made once and used again.
 *
 * botbuilder's CloudAdapter makes a new Bot Connector client and a new user-token client for every
 * turn, before it knows whether the turn will send anything (an invoke answered in its HTTP response
 * sends nothing). Each is an Azure service client with its own request pipeline, and building them
 * is a good part of what a turn costs the framework. A client holds no state of one conversation: it
 * knows its service address, the credentials for the bot's app id (which fetch and renew their own
 * tokens), and its options. So each is kept by what it is made from (the bot's app id as the
 * activity's token names it, the service address, the audience), as the older BotFrameworkAdapter
 * kept its connector clients, and a turn from the same place reuses it.
 *
 * The kept clients are bounded (Teams has a handful of service addresses, one a region); a client
 * whose making failed is forgotten, so the next turn tries again.
 */
import {
  AuthenticationConstants,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

/** More than Teams' service addresses; a bound, since in local use anyone may name one. */
const KEPT_CLIENTS = 32;

/** The made-once clients by key, the least recently used dropped first. */
function keeper<T>(): (key: string, make: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key, make) => {
    let client = kept.get(key);
    if (client) kept.delete(key);
    else {
      client = make();
      client.catch(() => {
        if (kept.get(key) === client) kept.delete(key);
      });
    }
    kept.set(key, client);
    if (kept.size > KEPT_CLIENTS) kept.delete(kept.keys().next().value!);
    return client;
  };
}

/** The app id the SDK makes the clients for: the token's audience, else its app id (none in local use). */
const appIdOf = (identity: ClaimsIdentity): string =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

export function reuseServiceClients(auth: BotFrameworkAuthentication): void {
  const connectors = keeper<ConnectorClient>();
  const keeping = (factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory => {
    const appId = appIdOf(identity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        connectors([appId, serviceUrl, audience ?? ''].join('\u0000'), () => factory.create(serviceUrl, audience)),
    };
  };
  // An inbound turn's factory comes with its authentication; a proactive message asks for one.
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticate(activity, authHeader);
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: keeping(factory, result.claimsIdentity) } : result;
  };
  const factoryFor = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (identity: ClaimsIdentity) => keeping(factoryFor(identity), identity);

  const tokenClients = keeper<UserTokenClient>();
  const tokenClientFor = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (identity: ClaimsIdentity) =>
    tokenClients(appIdOf(identity), () => tokenClientFor(identity));
}
