// The app's URLs, built in one place so links and routes agree.
export const articlePath = (slug: string) => `/article/${encodeURIComponent(slug)}`;
export const editorPath = (slug: string) => `/editor/${encodeURIComponent(slug)}`;
export const profilePath = (username: string) => `/profile/${encodeURIComponent(username)}`;
export const favoritesPath = (username: string) => `${profilePath(username)}/favorites`;
export const tagPath = (tag: string) => `/?${new URLSearchParams({ tag })}`;
