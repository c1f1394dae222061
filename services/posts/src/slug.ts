// An article's slug: its title in URL form plus a random suffix, so that two articles with the same
// title never collide and a slug cannot be guessed from a title. It never changes after creation:
// links to an article stay good when its title is edited.
import { randomBytes } from "node:crypto";
import slugify from "@sindresorhus/slugify";

export function slugFor(title: string): string {
  const words = slugify(title).slice(0, 80).replace(/-+$/, "");
  const suffix = randomBytes(4).toString("hex");
  return words ? `${words}-${suffix}` : suffix;
}
