// Public API of @blog-platform/runtime.
export { baseEnv, withBase, loadConfig, ConfigError, type BaseConfig, type EnvSchema } from "./config.ts";
export { createService, type Service, type ServiceOptions } from "./service.ts";
export { DependencyUnavailableError, HttpError } from "./errors.ts";
export { run, type Running, type RunOptions } from "./lifecycle.ts";
export { retryUntilReady, exitWithError } from "./startup.ts";
export { createLogger } from "./logger.ts";
export type { Health, ReadinessCheck } from "./health.ts";
export { databaseEnv, createPool, migrate, preferSsl, withDatabase, inTransaction, isConnectionError, type DatabaseConfig, type Migration } from "./database.ts";
export { redisEnv, createRedis, redisReady, redisFallback, type RedisConfig } from "./redis.ts";
export { createServiceClient, type ServiceClient, type ServiceClientOptions, type ServiceResponse } from "./http-client.ts";
export { createSigner, createVerifier, refusingRevoked, requireUser, UnauthorizedError, type Authenticate, type AuthenticatedUser, type Caller } from "./authentication.ts";
export { createProfileDirectory, fetchTokenVersion, forgetProfile, PROFILE_BATCH_LIMIT, UNKNOWN_PROFILE, type Profile, type ProfileDirectory, type Viewer } from "./profiles.ts";
export { createArticleDirectory, forgetArticle, type ArticleDirectory, type ArticleReference } from "./articles.ts";
export { createPageCache, invalidatePages, sendPage, PAGES_VERSION_KEY, type PageCache, type PageCacheOptions } from "./page-cache.ts";
export { createServiceWithDatabase, connectRedis, type ServiceWithDatabase } from "./backing.ts";
export { imageUrlSchema } from "./image-url.ts";
export { followImageDeletions, imageUrlPatterns } from "./image-deletions.ts";
export { createFeedFollower, registerDeletionFeed, deletionFeedEnv, FEED_POSITIONS_SQL, DELETION_FEED_PAGE, type Deletion, type DeletionFeedConfig, type FeedFollower } from "./deletion-feed.ts";
