// posts' tables, in its own schema (DATABASE_SCHEMA=posts). Authors and favoriting users are auth's
// user ids: no foreign key crosses services. Append new migrations; never edit one.
import { FEED_POSITIONS_SQL, type Migration } from "@blog-platform/runtime";

export const migrations: Migration[] = [
  {
    id: "001-articles-and-favorites",
    sql: `
      create table articles (
        id bigint generated always as identity primary key,
        slug text not null unique,
        title text not null,
        description text not null,
        body text not null,
        image text not null default '',
        tag_list text[] not null default '{}',
        author_id bigint not null,
        favorites_count integer not null default 0 check (favorites_count >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index articles_author on articles (author_id, id desc);
      create index articles_tags on articles using gin (tag_list);
      create table favorites (
        user_id bigint not null,
        article_id bigint not null references articles (id) on delete cascade,
        primary key (user_id, article_id)
      );
      create index favorites_article on favorites (article_id);
    `,
  },
  {
    id: "002-article-deletions",
    sql: `
      -- every deleted article, in order: comments reads this feed (/internal/article-deletions) from
      -- the last position it applied and deletes those articles' comments, so none outlive their
      -- article even when comments was down at the moment of the delete
      create table article_deletions (
        seq bigint generated always as identity primary key,
        article_id bigint not null,
        deleted_at timestamptz not null default now()
      );
    `,
  },
  {
    // how far images' feed of deleted images has been applied (app.ts)
    id: "003-feed-positions",
    sql: FEED_POSITIONS_SQL,
  },
];
