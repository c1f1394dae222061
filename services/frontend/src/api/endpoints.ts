// One typed function per API endpoint the app uses.
import { request } from "./client";
import type {
  Article,
  ArticleFilter,
  ArticleInput,
  ArticlesPage,
  Comment,
  Credentials,
  ImageVariant,
  PageRequest,
  Profile,
  Registration,
  UploadedImage,
  User,
  UserChanges,
} from "./types";

const segment = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(name, String(value));
  return search.size > 0 ? `?${search}` : "";
}

export async function register(user: Registration): Promise<User> {
  return (await request<{ user: User }>("POST", "/api/users", { user })).user;
}

export async function login(user: Credentials): Promise<User> {
  return (await request<{ user: User }>("POST", "/api/users/login", { user })).user;
}

export async function currentUser(): Promise<User> {
  return (await request<{ user: User }>("GET", "/api/user")).user;
}

export async function updateUser(user: UserChanges): Promise<User> {
  return (await request<{ user: User }>("PUT", "/api/user", { user })).user;
}

export async function getProfile(username: string): Promise<Profile> {
  return (await request<{ profile: Profile }>("GET", `/api/profiles/${segment(username)}`)).profile;
}

export async function setFollowing(username: string, follow: boolean): Promise<Profile> {
  return (await request<{ profile: Profile }>(follow ? "POST" : "DELETE", `/api/profiles/${segment(username)}/follow`)).profile;
}

export function listArticles(filter: ArticleFilter, page: PageRequest): Promise<ArticlesPage> {
  return request<ArticlesPage>("GET", `/api/articles${query({ ...filter, ...page })}`);
}

/** Articles by the authors the signed-in user follows. */
export function feedArticles(page: PageRequest): Promise<ArticlesPage> {
  return request<ArticlesPage>("GET", `/api/articles/feed${query({ ...page })}`);
}

export async function getArticle(slug: string): Promise<Article> {
  return (await request<{ article: Article }>("GET", `/api/articles/${segment(slug)}`)).article;
}

export async function createArticle(article: ArticleInput): Promise<Article> {
  return (await request<{ article: Article }>("POST", "/api/articles", { article })).article;
}

export async function updateArticle(slug: string, article: ArticleInput): Promise<Article> {
  return (await request<{ article: Article }>("PUT", `/api/articles/${segment(slug)}`, { article })).article;
}

export async function deleteArticle(slug: string): Promise<void> {
  await request<void>("DELETE", `/api/articles/${segment(slug)}`);
}

export async function setFavorite(slug: string, favorite: boolean): Promise<Article> {
  return (await request<{ article: Article }>(favorite ? "POST" : "DELETE", `/api/articles/${segment(slug)}/favorite`)).article;
}

export async function getTags(): Promise<string[]> {
  return (await request<{ tags: string[] }>("GET", "/api/tags")).tags;
}

export async function getComments(slug: string): Promise<Comment[]> {
  return (await request<{ comments: Comment[] }>("GET", `/api/articles/${segment(slug)}/comments`)).comments;
}

export async function addComment(slug: string, body: string): Promise<Comment> {
  return (await request<{ comment: Comment }>("POST", `/api/articles/${segment(slug)}/comments`, { comment: { body } })).comment;
}

export async function deleteComment(slug: string, id: number): Promise<void> {
  await request<void>("DELETE", `/api/articles/${segment(slug)}/comments/${id}`);
}

export async function uploadImage(file: File): Promise<UploadedImage> {
  const form = new FormData();
  form.append("image", file);
  return (await request<{ image: UploadedImage }>("POST", "/api/images", form)).image;
}

const OUR_VARIANT = /^(\/api\/images\/[A-Za-z0-9_-]+)\/(?:thumb|medium|large)$/;

/** Another size of one of our uploaded images; any other URL (an external cover) is returned as is. */
export function imageVariant(url: string, variant: ImageVariant): string {
  const match = OUR_VARIANT.exec(url);
  return match ? `${match[1]}/${variant}` : url;
}
