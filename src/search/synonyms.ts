/**
 * Query expansion: words developers type for a symptom and the words the docs use for it.
 * Each line is one concept; a query word in a line also searches the others (in both languages).
 * Reviewed by hand; keep lines short and specific — a broad line adds noise to every query.
 */
export const SYNONYMS: string[][] = [
  ['not found', 'missing', 'does not exist', 'nonexistent', 'no such', '找不到', '不存在', '未找到', '没有找到'],
  ['off', 'disabled', 'closed', 'turned off', 'switched off', '关闭', '未开启', '没打开', '没有打开', '未打开'],
  ['timeout', 'timed out', 'time out', '超时'],
  ['full', 'no space', 'insufficient space', 'out of space', '空间不足', '已满', '写满'],
  ['denied', 'no permission', 'not authorized', 'unauthorized', 'forbidden', '无权限', '没有权限', '拒绝', '未授权'],
  ['in use', 'occupied', 'busy', 'conflict', 'preempted', '占用', '冲突', '抢占', '被占用'],
  ['not logged in', 'not signed in', 'logged out', 'login', 'sign in', '未登录', '没有登录', '没登录'],
  ['crash', 'abnormal', 'exception', '异常', '崩溃'],
  ['cancel', 'canceled', 'cancelled', '取消'],
  ['wifi', 'wi-fi', 'wlan'],
  ['bluetooth', 'bt', '蓝牙'],
  ['decode', 'decoding', '解码'],
  ['corrupt', 'corrupted', 'damaged', '损坏'],
  ['too many', 'limit', 'upper limit', 'exceeds', '上限', '超限', '过多'],
  ['invalid', 'illegal', 'wrong', 'incorrect', '无效', '非法', '错误'],
  // Words developers use for a symptom, and the docs' words for it (reviewed; measured on the
  // symptom-query dev half and the leave-one-field-out test half, see test/search.test.ts).
  ['dns', 'domain name', 'hostname', 'host name', '域名', '域名解析'],
  ['cannot connect', "can't connect", 'unreachable', 'failed to connect', 'connection failed', '连不上', '无法连接', '连接失败'],
  ['not connected', 'disconnected', 'offline', '未连接', '没连接', '没有连接', '断开'],
  ['memory', 'ram', 'oom', '内存'],
  ['disk', 'storage', 'rom', '磁盘', '存储', '存储空间'],
  ['picture', 'image', 'photo', 'bitmap', '图片', '图像', '照片'],
  ['too big', 'too large', 'oversized', '太大', '过大'],
  ['expired', 'expire', 'out of date', 'outdated', '过期', '已过期'],
  ['url', 'uri', '网址', '链接'],
  ['jump', 'redirect', 'redirection', 'navigate', 'navigation', '跳转', '导航'],
  ['clipboard', 'pasteboard', '剪贴板', '粘贴板'],
  ['widget', 'form', '卡片', '万能卡片'],
  ['cloud', '云端', '云空间', '云盘'],
  ['mdm', 'enterprise device management', '企业设备管理'],
  ['token', 'credential', '令牌', '凭据', '凭证'],
];
