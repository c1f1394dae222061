// auth's tables, in its own schema (DATABASE_SCHEMA=auth). Append new migrations; never edit one.
import { FEED_POSITIONS_SQL, type Migration } from "@blog-platform/runtime";

export const migrations: Migration[] = [
  {
    id: "001-users-and-follows",
    sql: `
      create table users (
        id bigint generated always as identity primary key,
        username text not null,
        email text not null,
        password_hash text not null,
        bio text not null default '',
        image text not null default '',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create unique index users_username on users (lower(username));
      create unique index users_email on users (lower(email));
      create table follows (
        follower_id bigint not null references users (id) on delete cascade,
        followee_id bigint not null references users (id) on delete cascade,
        primary key (follower_id, followee_id)
      );
    `,
  },
  {
    // bumped when the password or the email changes: every token signed before is refused (ver claim)
    id: "002-token-version",
    sql: "alter table users add column token_version integer not null default 0;",
  },
  {
    // how far images' feed of deleted images has been applied (app.ts)
    id: "003-feed-positions",
    sql: FEED_POSITIONS_SQL,
  },
];
