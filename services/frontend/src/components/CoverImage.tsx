import { imageVariant } from "../api/endpoints";

/**
 * An article's cover (`url` is the large variant, or an external URL used as it is). Ours come in
 * sizes, so the browser may pick medium (≤960px) where large (≤1920px) is more than the space needs.
 * Decorative: the title next to it says it all.
 */
export function CoverImage({ url, sizes, className, lazy = false }: { url: string; sizes: string; className: string; lazy?: boolean }) {
  const medium = imageVariant(url, "medium");
  const srcSet = medium === url ? undefined : `${medium} 960w, ${imageVariant(url, "large")} 1920w`;
  return <img className={className} src={url} srcSet={srcSet} sizes={srcSet ? sizes : undefined} alt="" loading={lazy ? "lazy" : undefined} />;
}
