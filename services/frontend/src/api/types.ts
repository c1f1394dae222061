// The RealWorld ("Conduit") shapes as our services send them, plus our additions: an article's
// optional cover `image` and the images service's upload answer.

/** `{"errors": {"field": ["message", ...]}}`, the body of every error answer. */
export type ErrorMap = Record<string, string[]>;

export interface User {
  email: string;
  token: string;
  username: string;
  bio: string | null;
  image: string | null;
}

export interface Profile {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

/** An article as lists return it: everything but the body. */
export interface ArticleSummary {
  slug: string;
  title: string;
  description: string;
  tagList: string[];
  createdAt: string;
  updatedAt: string;
  favorited: boolean;
  favoritesCount: number;
  author: Profile;
  /** the cover image's URL; "" or null when there is none */
  image?: string | null;
}

export interface Article extends ArticleSummary {
  body: string;
}

export interface ArticlesPage {
  articles: ArticleSummary[];
  articlesCount: number;
}

export interface Comment {
  id: number;
  createdAt: string;
  updatedAt: string;
  body: string;
  author: Profile;
}

export type ImageVariant = "thumb" | "medium" | "large";

export interface UploadedImage {
  id: string;
  url: string;
  width: number;
  height: number;
  contentType: string;
  variants: Record<ImageVariant, string>;
}

export interface Registration {
  username: string;
  email: string;
  password: string;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface UserChanges {
  username?: string;
  email?: string;
  bio?: string;
  image?: string;
  password?: string;
  /** needed by our auth to change the email or the password */
  currentPassword?: string;
}

export interface ArticleInput {
  title: string;
  description: string;
  body: string;
  tagList: string[];
  image: string;
}

/** What GET /api/articles filters on; at most one is set at a time in this app. */
export interface ArticleFilter {
  tag?: string;
  author?: string;
  favorited?: string;
}

export interface PageRequest {
  limit: number;
  offset: number;
}
