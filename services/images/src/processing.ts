// Decoding and encoding with sharp (libvips). The format comes from the bytes, never from the
// filename or the declared content type, and only JPEG, PNG, WebP and AVIF are ever decoded.
// Everything stored is auto-oriented (the EXIF rotation applied to the pixels) and carries no
// metadata: sharp writes no EXIF, GPS, XMP or ICC unless asked to, and converts to sRGB.
import { createHash } from "node:crypto";
import sharp, { type Metadata, type Sharp } from "sharp";

// process-wide settings: one libvips thread per image (uploads run in parallel only as far as the
// limiter lets them, within the pod's CPU limit), and no operation cache (each upload is decoded
// once, so a cache would only hold memory)
sharp.concurrency(1);
sharp.cache(false);
// every other decoder (GIF, SVG, TIFF, PDF...) is blocked, so hostile input never reaches its parser
sharp.block({ operation: ["VipsForeignLoad"] });
sharp.unblock({ operation: ["VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer", "VipsForeignLoadWebpBuffer", "VipsForeignLoadHeifBuffer"] });

/**
 * The accepted formats; the original is stored in its own format, re-encoded without metadata. The
 * encodings are tried in turn until one is no larger than the upload (re-encoding a JPEG saved at
 * quality 75 at 90 makes it larger, often by half).
 */
const qualities = (from: number, to: number) => Array.from({ length: (from - to) / 10 + 1 }, (_, step) => from - 10 * step);
const FORMATS: Record<string, { contentType: string; encodings: Array<(image: Sharp) => Sharp> }> = {
  jpeg: { contentType: "image/jpeg", encodings: qualities(90, 50).map((quality) => (image) => image.jpeg({ quality })) },
  png: { contentType: "image/png", encodings: [(image) => image.png(), (image) => image.png({ compressionLevel: 9, adaptiveFiltering: true })] },
  webp: { contentType: "image/webp", encodings: qualities(90, 50).map((quality) => (image) => image.webp({ quality })) },
  // libaom's default effort (4) takes minutes for a 40-megapixel photo on one thread; 1 takes seconds
  avif: { contentType: "image/avif", encodings: qualities(70, 40).map((quality) => (image) => image.avif({ quality, effort: 1 })) },
};
export type Format = "jpeg" | "png" | "webp" | "avif";

/** Stored with every original, as WebP, never enlarged: `cover` crops to a centred square (avatars). */
export const VARIANTS = {
  thumb: { size: 128, fit: "cover" },
  medium: { size: 960, fit: "inside" },
  large: { size: 1920, fit: "inside" },
} as const;

export interface ProcessedFile {
  /** "original" or a key of VARIANTS */
  variant: string;
  contentType: string;
  width: number;
  height: number;
  bytes: Buffer;
  /** hex sha256 of `bytes`: the ETag */
  sha256: string;
}

export interface ProcessedImage {
  format: Format;
  original: ProcessedFile;
  variants: ProcessedFile[];
}

/** An upload refused for what it is; `message` is for the client (`{"errors": {"image": [message]}}`). */
export class InvalidImageError extends Error {
  override name = "InvalidImageError";
  constructor(readonly reason: "unsupported" | "corrupt" | "too_many_pixels" | "unshrinkable", message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const unsupported = (cause?: unknown) => new InvalidImageError("unsupported", "is not a JPEG, PNG, WebP or AVIF image", { cause });
const corrupt = (cause: unknown) => new InvalidImageError("corrupt", "could not be decoded: the file is truncated or corrupt", { cause });

export function createProcessor(maxInputPixels: number) {
  // limitInputPixels stops the decoder itself at the bound; failOn "warning" (sharp's advice for
  // untrusted input) refuses a damaged file rather than storing it half grey
  const open = (input: Buffer) => sharp(input, { limitInputPixels: maxInputPixels, failOn: "warning", autoOrient: true });

  async function render(variant: string, contentType: string, pipeline: Sharp): Promise<ProcessedFile> {
    // the header was valid, so a failure here is the pixel data's
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true }).catch((error: unknown) => {
      throw corrupt(error);
    });
    return { variant, contentType, width: info.width, height: info.height, bytes: data, sha256: createHash("sha256").update(data).digest("hex") };
  }

  /**
   * The original as stored: the first encoding no larger than the upload. When none is, an upload
   * with no metadata to strip is kept byte for byte (it was just decoded whole, so it is a valid
   * image); one with metadata is refused rather than stored larger or with its metadata.
   */
  async function storedOriginal(input: Buffer, header: Metadata, format: Format): Promise<ProcessedFile> {
    const { contentType, encodings } = FORMATS[format]!;
    for (const encode of encodings) {
      // one rendition at a time, each decoded from the input again: one decode in flight per upload
      const original = await render("original", contentType, encode(open(input)));
      if (original.bytes.length <= input.length) return original;
    }
    const metadata = header.exif || header.icc || header.iptc || header.xmp || header.comments?.length || (header.orientation ?? 1) !== 1;
    if (metadata) {
      throw new InvalidImageError("unshrinkable", "could not be stored without its metadata in as few bytes as it was uploaded with: remove its metadata (EXIF, XMP, ICC) and upload it again");
    }
    return { variant: "original", contentType, width: header.width, height: header.height, bytes: input, sha256: createHash("sha256").update(input).digest("hex") };
  }

  /** The original and every variant of `input`, or an InvalidImageError. */
  return async function processImage(input: Buffer): Promise<ProcessedImage> {
    if (input.length === 0) throw new InvalidImageError("corrupt", "is an empty file");
    // the header only (no pixels are decoded), so the size can be named before anything is allocated
    const header = await sharp(input, { limitInputPixels: false })
      .metadata()
      .catch((error: unknown) => {
        throw /unsupported image format/i.test((error as Error).message) ? unsupported(error) : corrupt(error);
      });
    // sharp names AVIF "heif"; HEIC is HEIF too, with HEVC inside, and is not accepted
    const format = header.format === "heif" ? (header.compression === "av1" ? "avif" : undefined) : header.format;
    if (!format || !Object.hasOwn(FORMATS, format)) throw unsupported();
    if (header.width * header.height > maxInputPixels) {
      throw new InvalidImageError("too_many_pixels", `is too large: ${header.width}×${header.height} pixels, more than the ${maxInputPixels} allowed`);
    }
    const original = await storedOriginal(input, header, format as Format);
    const variants: ProcessedFile[] = [];
    for (const [name, { size, fit }] of Object.entries(VARIANTS)) {
      const side = fit === "cover" ? Math.min(size, original.width, original.height) : size;
      variants.push(await render(name, "image/webp", open(input).resize(side, side, { fit, withoutEnlargement: true }).webp({ quality: 80 })));
    }
    return { format: format as Format, original, variants };
  };
}
