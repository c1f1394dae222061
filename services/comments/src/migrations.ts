// comments' table, in its own schema (DATABASE_SCHEMA=comments). Articles are posts' ids and authors
// auth's: no foreign key crosses services. Append new migrations; never edit one.
import { FEED_POSITIONS_SQL, type Migration } from "@blog-platform/runtime";

export const migrations: Migration[] = [
  {
    id: "001-comments",
    sql: `
      create table comments (
        id bigint generated always as identity primary key,
        article_id bigint not null,
        author_id bigint not null,
        body text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index comments_article on comments (article_id, id desc);
    `,
  },
  {
    // how far each deletion feed followed has been applied: posts' deleted articles (app.ts)
    id: "002-feed-positions",
    sql: FEED_POSITIONS_SQL,
  },
];
