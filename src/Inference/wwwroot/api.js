// Calls to the inference service: /v1/ocr (PageResult JSON) and /v1/render (page PNG), with the API key
// and problem+json errors turned into readable messages. 429 answers are retried after Retry-After.

const KEY_STORAGE = 'folio.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_STORAGE) ?? '',
  set: value => value ? sessionStorage.setItem(KEY_STORAGE, value) : sessionStorage.removeItem(KEY_STORAGE),
};

const TYPES = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', tif: 'image/tiff', tiff: 'image/tiff', bmp: 'image/bmp', webp: 'image/webp', gif: 'image/gif' };

/** The media type to send: the browser's, else from the extension, else octet-stream (the service sniffs the bytes anyway). */
export function mediaTypeOf(file) {
  if (file.type && file.type !== 'application/octet-stream') return file.type;
  return TYPES[file.name.split('.').pop().toLowerCase()] ?? 'application/octet-stream';
}

/** Whether the page image must come from the service (PDF pages, TIFF frames) rather than the file itself. */
export function needsRender(file) {
  return /^(application\/pdf|image\/tiff)$/.test(mediaTypeOf(file));
}

export class ServiceError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
  }
}

async function errorOf(response) {
  let title = `${response.status} ${response.statusText}`.trim();
  let detail = '';
  try {
    const problem = await response.json();
    title = problem.title ?? title;
    detail = problem.detail ?? '';
  } catch {
    // Not problem+json: keep the status line.
  }
  return new ServiceError(response.status, title, detail);
}

async function post(path, file, page, dpi) {
  const url = `${path}?page=${encodeURIComponent(page)}&dpi=${encodeURIComponent(dpi)}`;
  for (let attempt = 0; ; attempt++) {
    const headers = { 'Content-Type': mediaTypeOf(file) };
    const key = apiKey.get();
    if (key) headers['X-Api-Key'] = key;
    let response;
    try {
      response = await fetch(url, { method: 'POST', body: file, headers });
    } catch (e) {
      throw new ServiceError(0, 'The service did not answer', e.message);
    }
    if (response.status === 429 && attempt < 10) {
      const wait = Number(response.headers.get('Retry-After')) || 2;
      await new Promise(resolve => setTimeout(resolve, wait * 1000));
      continue;
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }
}

/** OCRs one page; resolves to the PageResult. */
export async function ocrPage(file, page, dpi) {
  return (await post('/v1/ocr', file, page, dpi)).json();
}

/** Renders one page; resolves to { url (an object URL of the PNG), pageCount }. */
export async function renderPage(file, page, dpi) {
  const response = await post('/v1/render', file, page, dpi);
  const blob = await response.blob();
  return { url: URL.createObjectURL(blob), pageCount: Number(response.headers.get('X-Page-Count')) || 1 };
}
