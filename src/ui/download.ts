/**
 * Hands a text to the browser as a downloaded file (exports, packs, a scenario's YAML).
 *
 * @example
 * download('{"a":1}', 'palier-export.json', 'application/json');
 */
export function download(text: string, file: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers start the download after the click returns: keep the URL alive a while.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
