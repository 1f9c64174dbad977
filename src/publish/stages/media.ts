import * as fs from 'fs';
import * as path from 'path';
import { contentHash } from '../../cache';
import { FileIndex } from '../../cache/file-index';
import type { BuildContext } from './context';
import type { RenderedDocuments } from './render-documents';

/**
 * Part of stage `render-documents` (its time and files): the collection's image and media files that the published documents show (a figure's graphic, a
 * page's image: the stylesheets' ed:local-images), copied to html/media/ under the same path they have in the
 * collection folder, so that the pages' relative addresses (../media/…) work with no server. Only a regular file
 * inside the collection folder, reached without leaving it (no "..", no symbolic link out of it), of a kind a
 * browser shows and cannot run (MEDIA_FILE) is copied; for any other the document's page shows the image's
 * description, and the editor is warned. Keyed on the file's bytes (hashed once per change, FileIndex): a changed
 * image reaches the output, an unchanged one is linked from the previous output as the pages are.
 */

/** The kinds of file published (by name ending): common.xsl's ed:media-file-pattern, the same list. */
const MEDIA_FILE = /\.(png|jpe?g|gif|webp|avif|bmp|mp3|m4a|ogg|oga|opus|wav|flac|mp4|m4v|webm|ogv)$/i;

/** Where media files go in the HTML output. */
const MEDIA_FOLDER = 'html/media/';

/** A file of the collection a page shows, as the stylesheet gives it (URI-encoded path under the collection folder), made a path; undefined when it is none. */
export function mediaPath(local: string): string | undefined {
  let segments: string[];
  try {
    segments = local.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  const unsafe = segments.some((segment) => segment === '' || segment === '.' || segment === '..' || /[\\/\0]/.test(segment));
  return unsafe || !MEDIA_FILE.test(local) ? undefined : segments.join('/');
}

export function publishMedia(context: BuildContext, documents: RenderedDocuments): number {
  const { srcDir, problems, output, timer } = context;
  let root: string;
  try {
    root = fs.realpathSync(srcDir);
  } catch {
    return 0;
  }
  /** Collection path → the file to copy and its content key, or why it is not copied. */
  const found = new Map<string, { file: string; key: string } | { problem: string }>();
  let copied = 0;
  timer.time('render-documents', 0, () => {
    for (const document of documents.published) {
      for (const local of document.images) {
        const relative = mediaPath(local);
        if (relative === undefined) {
          problems.warning(document.source.file, 'media-unpublished', `the page shows ${local}, which is not a file the edition publishes (an image or media file inside the collection folder): the page shows the image's description in its place`);
          continue;
        }
        let known = found.get(relative);
        if (known === undefined) {
          found.set(relative, (known = locate(root, relative, context)));
          if ('file' in known) {
            output.write(`${MEDIA_FOLDER}${relative}`, { copyOf: known.file }, known.key);
            copied++;
          }
        }
        if ('problem' in known) {
          problems.warning(document.source.file, 'media-unpublished', `the page shows ${relative}, which ${known.problem}: it is not published, and the page shows the image's description in its place`);
        }
      }
    }
  });
  if (copied > 0) timer.detail('render-documents', `${copied} image and media file(s) published`);
  return copied;
}

/** The file a collection path names, if the edition may publish it. */
function locate(root: string, relative: string, context: BuildContext): { file: string; key: string } | { problem: string } {
  const file = path.join(root, ...relative.split('/'));
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return { problem: 'is not in the collection folder' };
  }
  // Inside the collection folder once every link is followed: a symbolic link out of it is not followed.
  if (!real.startsWith(root + path.sep)) return { problem: 'lies outside the collection folder' };
  const stat = FileIndex.stat(real);
  if (!stat?.isFile()) return { problem: 'is not a file' };
  const readAt = Date.now();
  let hash = context.files?.hashOf(real, stat);
  if (hash === undefined) {
    try {
      hash = contentHash(fs.readFileSync(real));
    } catch {
      return { problem: 'cannot be read' };
    }
    context.files?.record(real, stat, hash, readAt);
  }
  return { file: real, key: `media ${hash}` };
}
