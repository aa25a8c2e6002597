/** `list`: the committee's open reviews, most urgent first, a page at a time (`list 2`). */
import type { CommandDefinition } from '../command-router';
import { CommandProblem } from '../command-router';
import { answer } from '../present-card';
import { openReviewViews, summaryFields } from '../review-views';
import { COMMITTEE_READERS } from '../authorise';

export const LIST_PAGE_SIZE = 8;

export const listCommand: CommandDefinition = {
  name: 'list',
  usage: 'list',
  summary: 'Open reviews, most urgent first: stage, countdown, RAG and the next deadline.',
  menu: ['personal', 'groupChat', 'team'],
  requires: COMMITTEE_READERS,
  async run(ctx, { args }) {
    const page = args === '' ? 1 : Number(args);
    if (!Number.isInteger(page) || page < 1) throw new CommandProblem('Give a page number, such as list 2.');
    const views = await openReviewViews(ctx);
    const pages = Math.max(1, Math.ceil(views.length / LIST_PAGE_SIZE));
    if (page > pages)
      throw new CommandProblem(`There ${pages === 1 ? 'is 1 page' : `are ${pages} pages`} of open reviews.`);
    const shown = views.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
    return answer(
      'review-list',
      {
        reviews: shown.map((view) => summaryFields(ctx, view)),
        empty: views.length === 0,
        page: String(page),
        pages: String(pages),
        hasMore: page < pages,
        nextPage: String(page + 1),
      },
      page === 1 ? 'list' : `list ${page}`,
    );
  },
};
