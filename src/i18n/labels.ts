/** Display labels of entry fields, in both languages: shared by the terminal output and the web UI. */
import type { Localized } from '../registry/types.js';

export const FIELD_LABELS = {
  kit: { zh: '所属 Kit', en: 'Kit' },
  page: { zh: '文档页', en: 'Page' },
  name: { zh: '常量名', en: 'Constant' },
  message: { zh: '错误信息', en: 'Error message' },
  description: { zh: '错误描述', en: 'Description' },
  causes: { zh: '可能原因', en: 'Possible causes' },
  solutions: { zh: '处理步骤', en: 'Solution' },
  devices: { zh: '支持设备', en: 'Devices' },
  apis: { zh: '相关接口', en: 'APIs' },
  sources: { zh: '来源', en: 'Sources' },
  system: { zh: '系统接口', en: 'system API' },
  variant: { zh: '情形', en: 'Case' },
  example: { zh: '示例', en: 'Example' },
  untitled: { zh: '（无标题）', en: '(untitled)' },
  derived: { zh: '（标题由正文生成）', en: '(title derived from the text)' },
  occurrence: { zh: '本页第 {n} 处', en: 'section {n} for this code on the page' },
  notes: { zh: '说明', en: 'Notes' },
  image: { zh: '图片', en: 'picture' },
  thrownBy: { zh: '抛出该错误码的接口', en: 'Thrown by' },
  sdkOnly: { zh: '仅见于 SDK 声明（@throws），文档页未收录', en: 'documented only in the SDK declarations (@throws), on no docs page' },
  nameFrom: { zh: '来自', en: 'from' },
  showAll: { zh: '显示全部', en: 'Show all' },
  oneResult: { zh: '1 条结果', en: '1 result' },
  nResults: { zh: '{n} 条结果', en: '{n} results' },
} satisfies Record<string, Required<Localized>>;
