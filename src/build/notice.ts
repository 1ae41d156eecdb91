/** NOTICE: attribution for the documentation the registry is derived from (CC-BY-4.0 requires it). */
import type { Registry } from '../registry/types.js';
import { writeFileAtomic } from '../util/fs.js';

export function noticeText(reg: Registry): string {
  const lines = [
    'ohos-errors',
    '',
    'The error-code registry shipped in data/ is derived from the following sources.',
    '',
  ];
  for (const s of reg.sources) {
    lines.push(`== ${s.description}${s.license ? ` (licence: ${s.license})` : ''}`);
    if (s.id === 'openharmony-docs') {
      lines.push(
        'Source: OpenHarmony documentation, https://gitee.com/openharmony/docs',
        'Licence: Creative Commons Attribution 4.0 International (CC-BY-4.0), https://creativecommons.org/licenses/by/4.0/',
        'Changes: the pages were parsed into structured entries (code, title, messages, description, causes,',
        'solutions) and the zh-cn and en pages were merged; the text itself is kept as written.',
        '',
        'Files and the commits they were taken from:',
      );
      for (const f of s.files) lines.push(`  ${f.origin ?? f.path}${f.commit ? `  @ ${f.commit}` : ''}`);
    } else if (s.id === 'openharmony-sdk') {
      lines.push(
        'Source: OpenHarmony interface_sdk-js, https://gitee.com/openharmony/interface_sdk-js',
        'Licence: Apache License 2.0, https://www.apache.org/licenses/LICENSE-2.0',
        'Changes: the declarations were read into an index of APIs and the error codes their @throws lines name;',
        'the @throws texts are kept as written.',
      );
      for (const f of s.files) lines.push(`  ${f.origin ?? f.path}${f.commit ? `  @ ${f.commit}` : ''}`);
    } else {
      for (const f of s.files) lines.push(`  ${f.path} (${f.lang})`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function writeNotice(reg: Registry, path: string): void {
  writeFileAtomic(path, noticeText(reg));
}
