// What an image field (an article's cover, a user's picture) may hold, as a JSON schema for the
// routes: empty, one of our /api/images URLs, or any http(s) URL. Never javascript:, data: and the
// like, which a page would otherwise put in an <img src> or a link.
export const imageUrlSchema = { type: ["string", "null"], maxLength: 2048, pattern: "^(|/api/images/[A-Za-z0-9/_-]+|https?://\\S+)$" } as const;
