"""PF1xx: reading a project file. The loader raises these; the docs list them from here."""

from site_builder.core.rule import Rule

TOO_LARGE = Rule(
    "PF101", "文件过大", "项目文件不得超过 256 KiB。请精简正文\uff0c图片等附件不要写入文件。"
)
NOT_UTF8 = Rule(
    "PF102", "编码不是 UTF-8", "文件必须以 UTF-8 编码保存。请在编辑器中改用 UTF-8 另存。"
)
BAD_CHAR = Rule(
    "PF103",
    "不可见控制字符",
    "文件不得含有控制字符或改变文字方向的字符\uff08如 U+202E\uff09\uff0c它们会让审阅者看到的内容与实际不同。"
    "请删除该位置的字符后重新输入。",
)
NO_FRONT_MATTER = Rule(
    "PF104",
    "缺少前置信息",
    "文件第一行必须是 `---`\uff0c随后是 YAML 格式的项目信息\uff0c再以一行 `---` 结束。",
)
UNCLOSED = Rule(
    "PF105",
    "前置信息未结束",
    "前置信息必须以单独一行 `---` 结束\uff0c且该行后要换行。",
)
EMPTY = Rule("PF106", "前置信息为空", "两行 `---` 之间必须填写项目信息。")
NOT_MAPPING = Rule(
    "PF107",
    "前置信息的形式不对",
    "前置信息必须是一组 `字段: 值`\uff0c不能是列表或单个值。",
)
SYNTAX = Rule(
    "PF108",
    "YAML 语法错误",
    "前置信息不是合法的 YAML。常见原因\uff1a冒号后缺空格、缩进不一致、引号未闭合、"
    "在 {…} 中使用了英文逗号。含有冒号或逗号的文字请整体加引号。",
)
ANCHOR = Rule(
    "PF109",
    "不允许锚点、别名或合并键",
    "不允许使用 `&锚点`、`*别名` 和 `<<` 合并键\uff1a每个值请直接写出。",
)
DUPLICATE_KEY = Rule(
    "PF110", "字段重复", "同一层级中同一字段只能出现一次。请删除或合并重复的字段。"
)
KEY_NOT_STRING = Rule(
    "PF111",
    "字段名不是文字",
    "字段名必须是文字\uff08如 `title`\uff09\uff0c不能是数字、true/false、空值、列表或映射。",
)
TAG = Rule(
    "PF112",
    "不允许 YAML 标签",
    "不允许使用 `!!str`、`!!binary`、`!标签` 等 YAML 标签。需要文字时请用引号。",
)
TOO_DEEP = Rule("PF113", "嵌套过深", "前置信息的嵌套不得超过 10 层。")
BAD_PATH = Rule(
    "PF114",
    "文件位置或名称不符",
    "项目文件必须位于 `projects/<年度>/<简称>.md`\uff1a年度为四位数字\uff0c简称只用小写字母、数字和连字符"
    "\uff08如 `cs-teachers-01`\uff09\uff0c不超过 48 个字符。",
)
YEAR_MISMATCH = Rule(
    "PF115",
    "年度与文件夹不一致",
    "`year`\uff08立项年度\uff09必须等于文件所在文件夹的年度。请修改 `year` 或把文件移到对应文件夹。",
)
SYMLINK = Rule(
    "PF116",
    "不允许符号链接",
    "`projects/` 中只能放普通文件\uff1b符号链接可能指向仓库外的内容。请改为普通文件。",
)
UNREADABLE = Rule("PF117", "无法读取文件", "文件无法读取\uff08可能是文件夹或权限问题\uff09。")
KEY_FORM = Rule(
    "PF118",
    "字段名写法不对",
    "字段名必须原样写成英文小写字母、数字或下划线\uff08以字母或下划线开头\uff09\uff0c如 `title`、`applied_on`\uff0c"
    '不加引号、不用转义\uff08如 `"\\x61ward"`\uff09或标签。这样审阅者在文件中看到的字段名\uff0c'
    "就是检查工具和网站读到的字段名。",
)
