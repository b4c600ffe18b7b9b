// @ts-check
/**
 * Every Chinese sentence the GitHub client (github.js) and the sign-in (session.js, 登录 page)
 * say, in one place. GitHub's interface is English: its names stand in brackets, as the guide
 * writes them. No sentence here ever holds a token.
 */

/** GitHub's permission names in a fine-grained token's settings. */
export const PERMISSIONS = {
  contents: "内容（Contents）",
  pull_requests: "拉取请求（Pull requests）",
  actions: "操作（Actions）",
  metadata: "元数据（Metadata）",
  issues: "议题（Issues）",
  checks: "检查（Checks）",
};

/** The levels as GitHub's settings page offers them. */
export const LEVELS = {
  read: "只读（Read-only）",
  write: "读写（Read and write）",
};

/**
 * A permission as GitHub names it (`pull_requests=write`; alternatives separated by `;`, a set
 * by `,`) in Chinese: 拉取请求（Pull requests）读写（Read and write）.
 * @param {string} value
 * @returns {string}
 */
export function permissionText(value) {
  const alternatives = value.split(";").map((set) =>
    set.split(",").map((one) => {
      const [name, level] = one.trim().split("=");
      const label = PERMISSIONS[/** @type {keyof typeof PERMISSIONS} */ (name)] || name;
      const how = LEVELS[/** @type {keyof typeof LEVELS} */ (level)] || level || "";
      return label + how;
    }).join("、"));
  return alternatives.filter(Boolean).join("，或");
}

/** What each kind of failure means, and what to do (github.js describe()). */
export const FAILURES = {
  network: "连不上 GitHub：请检查网络连接后重试。如果一直连不上，可以按“用网页编辑器提交”中的步骤在 GitHub 网页上操作。",
  unauthorized: "令牌无效或已过期：GitHub 不接受这个令牌。请在 GitHub 上重新生成一个令牌（步骤见“登录”页），再粘贴到“登录”页。",
  permission: "令牌缺少权限：{permission}。请在 GitHub 的令牌设置中加上这项权限（步骤见“登录”页），保存后重新登录。",
  permissionUnknown: "GitHub 拒绝了这项操作：你的账号或令牌没有这项权限。请检查令牌的权限和仓库设置，或请仓库维护者帮助。",
  "rate-limited": "GitHub 暂时限制了请求次数：请过几分钟再试。",
  rateLimitedAt: "GitHub 暂时限制了请求次数：请在 {time} 之后再试。",
  "not-found": "找不到要访问的仓库或文件：令牌可能没有选中本仓库，或者文件已被移动。请检查令牌的仓库访问设置。",
  conflict: "文件在此期间已被别人修改：请重新读取最新内容，再提交一次。",
  exists: "要新建的分支或拉取请求已经存在。",
  invalid: "GitHub 没有接受这次提交的内容：{detail}。请检查后重试。",
  "not-mergeable": "现在还不能合并：自动检查或批准尚未完成，或者与主分支有冲突。",
  server: "GitHub 暂时无法完成这项操作：请稍后再试。",
  other: "出现了意外错误：请稍后再试。",
};

/** The 登录 page. */
export const SIGNIN = {
  empty: "请先粘贴令牌。",
  malformed: "这不像一个令牌：令牌是一串英文字母、数字和下划线，不含空格和中文。请在 GitHub 上复制完整的令牌后重新粘贴。",
  badExpiry: "到期日期请写作 YYYY-MM-DD，如 2026-12-31。",
  pastExpiry: "这个到期日期已经过去：令牌过期后不能再用，请重新生成一个令牌。",
  checking: "正在检查令牌……",
  stepUser: "账号",
  stepRepository: "仓库 {repository}",
  stepRoster: "名册",
  stepContents: "内容（Contents）读写权限",
  stepPulls: "拉取请求（Pull requests）读写权限",
  stepActions: "操作（Actions）只读权限",
  passed: "通过",
  failed: "未通过",
  skipped: "未检查",
  noRepository: "这个令牌不能访问仓库 {repository}：创建令牌时，“仓库访问（Repository access）”要选“仅选定的仓库（Only select repositories）”，并选中这个仓库。也可能是你的账号还不是仓库的协作者，请联系仓库维护者。",
  notInRoster: "账号 {login} 不在名册中：只有名册中登记的人才能在网站上提交。请按“第一次使用”中的步骤，请党总支负责人和仓库维护者把你的账号登记到名册；登记的拉取请求合并后再来登录。",
  rosterMissing: "仓库中没有名册 {path}，无法确认你的身份。请告诉仓库维护者。",
  rosterBroken: "名册 {path} 写法有误，无法读取，也就无法确认你的身份。请告诉仓库维护者。",
  signedIn: "已登录：{login}",
  roles: "你在名册中的身份：{roles}。",
  remembered: "本设备会记住登录，到 {expires} 为止；用完请点“退出登录”。",
  rememberedNoDate: "本设备会记住登录，直到令牌过期或你点“退出登录”。",
  tabOnly: "登录只在这个浏览器标签页中有效，关闭标签页后需要重新登录。",
  expiresOn: "令牌到期日：{expires}。",
  signedOut: "已退出登录：本设备上保存的令牌已删除。建议同时在 GitHub 的令牌设置中删除（Delete）这个令牌。",
  expiredStored: "保存的登录已过期（令牌到期日 {expires}），已从本设备删除。请重新生成令牌后再登录。",
  storedRejected: "保存的令牌已不能使用，已从本设备删除：{reason}",
  keptUnchecked: "本设备保存的登录暂时无法核对，仍然保留；稍后刷新本页再试，或点“退出登录”删除。",
  storageBlocked: "浏览器不允许本网站保存数据（可能开启了无痕模式或禁止了网站数据），无法保持登录。",
};

/** The roles a login holds in the roster. */
export const ROLES = {
  maintainer: "仓库维护者",
  leader: "评审组组长",
  member: "评审组成员",
  head: "{name}负责人",
  branch: "{name}维护人",
  separator: "、",
};

/**
 * `template` with each {key} replaced by values[key].
 * @param {string} template
 * @param {Record<string, string | number>} values
 * @returns {string}
 */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
}
