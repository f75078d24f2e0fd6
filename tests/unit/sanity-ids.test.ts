// The one reading of Sanity document ids (core/sanity/ids.ts) that the site, the sync, the
// webhook receivers, the Studio and the local lake share.
import { describe, expect, it } from 'vitest';
import { draftIdOf, isDraftId, isDraftOrVersionId, isVersionId, publishedIdOf, releaseOf, versionIdOf } from '../../core/sanity/ids.ts';

describe('document ids', () => {
  it('tells drafts and release versions from the documents themselves', () => {
    expect(isDraftId('drafts.service.pass')).toBe(true);
    expect(isDraftId('service.pass')).toBe(false);
    expect(isDraftId('versions.spring.service.pass')).toBe(false);
    expect(isVersionId('versions.spring.service.pass')).toBe(true);
    expect(isVersionId('drafts.service.pass')).toBe(false);
    for (const id of ['drafts.service.pass', 'versions.spring.service.pass']) expect(isDraftOrVersionId(id), id).toBe(true);
    // A dot path (e.g. feedback, which is not public in Sanity) is neither a draft nor a version.
    for (const id of ['service.pass', 'feedback.0123abcd', 'siteSettings', 'image-abc-1x1-jpg', 'draftsman', 'versionsX.a'])
      expect(isDraftOrVersionId(id), id).toBe(false);
  });

  it('finds the document a draft or version belongs to, and its draft and version ids', () => {
    expect(publishedIdOf('drafts.service.pass')).toBe('service.pass');
    expect(publishedIdOf('versions.spring.service.pass')).toBe('service.pass');
    expect(publishedIdOf('service.pass')).toBe('service.pass');
    expect(publishedIdOf('feedback.0123abcd')).toBe('feedback.0123abcd');
    expect(releaseOf('versions.spring.service.pass')).toBe('spring');
    expect(releaseOf('drafts.service.pass')).toBeUndefined();
    expect(releaseOf('service.pass')).toBeUndefined();
    for (const id of ['service.pass', 'drafts.service.pass', 'versions.spring.service.pass']) {
      expect(draftIdOf(id), id).toBe('drafts.service.pass');
      expect(versionIdOf(id, 'autumn'), id).toBe('versions.autumn.service.pass');
    }
  });
});
