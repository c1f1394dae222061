import defaultAvatar from "../assets/avatar.svg";

interface Props {
  image: string | null | undefined;
  /** "" when a name next to the picture already says whose it is */
  alt?: string;
  size?: "small" | "medium" | "large";
}

/** A user's picture, or the bundled default one when they have none (or theirs fails to load). */
export function Avatar({ image, alt = "", size = "small" }: Props) {
  return (
    <img
      className={`avatar avatar-${size}`}
      src={image || defaultAvatar}
      alt={alt}
      onError={(event) => {
        if (!event.currentTarget.src.endsWith(defaultAvatar)) event.currentTarget.src = defaultAvatar;
      }}
    />
  );
}
