// GROQ fragments shared by the content types' queries (src/content-types/*/content.ts). Plain
// strings spliced into the queries; typegen resolves them statically across the import.
export const imageFields = /* groq */ `
  "url": asset->url,
  "sha1": asset->sha1hash,
  "width": asset->metadata.dimensions.width,
  "height": asset->metadata.dimensions.height,
  alt,
  credit,
  caption
`;

export const partnerRef = /* groq */ `{
  _id,
  _updatedAt,
  name,
  "slug": slug.current
}`;
