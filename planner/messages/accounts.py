"""Messages of logins, accounts, roles and the audit log."""

MESSAGES: dict[str, dict[str, str]] = {
    "nav.admin": {"zh": "管理", "en": "Administration"},
    "page.login": {"zh": "工作人员登录", "en": "Staff login"},
    "page.users": {"zh": "用户管理", "en": "Users"},
    "page.audit": {"zh": "操作记录", "en": "Audit log"},
    "role.staff": {"zh": "住建局工作人员", "en": "Housing-bureau staff"},
    "role.engineer": {"zh": "造价工程师", "en": "Engineer"},
    "role.admin": {"zh": "管理员", "en": "Administrator"},
    "login.title": {"zh": "工作人员登录", "en": "Staff login"},
    "login.required": {
        "zh": "此页面仅供工作人员使用，请先登录。",
        "en": "This page is for staff only. Please log in.",
    },
    "login.not_allowed": {
        "zh": "您的账号（{role}）无权查看此页面。",
        "en": "Your account ({role}) may not open this page.",
    },
    "login.username": {"zh": "用户名", "en": "Username"},
    "login.password": {"zh": "密码", "en": "Password"},
    "login.submit": {"zh": "登录", "en": "Log in"},
    "login.failed": {
        "zh": "用户名或密码不正确，或账号已停用。",
        "en": "Wrong username or password, or the account is disabled.",
    },
    "login.no_accounts": {
        "zh": "还没有任何工作人员账号。请在服务器上创建第一个管理员："
        "planner user add 用户名 --role admin",
        "en": "There is no staff account yet. Create the first administrator on the server: "
        "planner user add NAME --role admin",
    },
    "login.signed_in_as": {"zh": "已登录：{name}（{role}）", "en": "Logged in: {name} ({role})"},
    "login.logout": {"zh": "退出登录", "en": "Log out"},
    "login.success": {"zh": "登录成功。", "en": "Logged in."},
    "login.public_hint": {
        "zh": "居民无需登录：公开页面可直接查看。",
        "en": "Residents need no login: the public pages are open to all.",
    },
    "account.error.username": {
        "zh": "用户名须为 3–32 位小写字母、数字或 . _ -，并以字母或数字开头。",
        "en": "A username is 3-32 lower-case letters, digits or . _ -, starting with a letter "
        "or digit.",
    },
    "account.error.role": {"zh": "角色须为：{roles}", "en": "The role must be one of: {roles}"},
    "account.error.password_short": {
        "zh": "密码至少 {minimum} 个字符。",
        "en": "A password needs at least {minimum} characters.",
    },
    "account.error.password_long": {
        "zh": "密码最多 {maximum} 个字符。",
        "en": "A password has at most {maximum} characters.",
    },
    "account.error.taken": {
        "zh": "用户名 {username} 已被使用。",
        "en": "The username {username} is taken.",
    },
    "account.error.unknown": {"zh": "没有用户 {username}。", "en": "No user {username}."},
    "account.error.self": {
        "zh": "不能停用自己的账号。",
        "en": "You cannot disable your own account.",
    },
    "users.intro": {
        "zh": "添加、停用工作人员账号。密码仅以 Argon2 哈希保存。",
        "en": "Add and disable staff accounts. Passwords are stored only as Argon2 hashes.",
    },
    "users.col.username": {"zh": "用户名", "en": "Username"},
    "users.col.display_name": {"zh": "姓名", "en": "Name"},
    "users.col.role": {"zh": "角色", "en": "Role"},
    "users.col.active": {"zh": "启用", "en": "Active"},
    "users.col.last_login": {"zh": "最近登录", "en": "Last login"},
    "users.add": {"zh": "添加用户", "en": "Add a user"},
    "users.password_again": {"zh": "再次输入密码", "en": "Password again"},
    "users.password_mismatch": {
        "zh": "两次输入的密码不一致。",
        "en": "The two passwords differ.",
    },
    "users.added": {"zh": "已添加用户 {username}。", "en": "User {username} added."},
    "users.toggle": {"zh": "停用 / 启用账号", "en": "Disable / enable an account"},
    "users.disable": {"zh": "停用", "en": "Disable"},
    "users.enable": {"zh": "启用", "en": "Enable"},
    "users.disabled": {"zh": "已停用 {username}。", "en": "{username} disabled."},
    "users.enabled": {"zh": "已启用 {username}。", "en": "{username} enabled."},
    "audit.intro": {
        "zh": "谁在何时改了什么（最新在前）。",
        "en": "Who changed what and when (newest first).",
    },
    "audit.filter.actor": {"zh": "操作人", "en": "Actor"},
    "audit.filter.entity": {"zh": "对象类型", "en": "Entity"},
    "audit.all": {"zh": "全部", "en": "All"},
    "audit.col.at": {"zh": "时间", "en": "When"},
    "audit.col.actor": {"zh": "操作人", "en": "Actor"},
    "audit.col.username": {"zh": "账号", "en": "Account"},
    "audit.col.action": {"zh": "操作", "en": "Action"},
    "audit.col.entity": {"zh": "对象", "en": "Entity"},
    "audit.col.entity_id": {"zh": "编号", "en": "Id"},
    "audit.col.before": {"zh": "修改前", "en": "Before"},
    "audit.col.after": {"zh": "修改后", "en": "After"},
    "audit.col.note": {"zh": "备注", "en": "Note"},
    "audit.empty": {"zh": "没有符合条件的记录。", "en": "No entries match."},
    "login.too_many": {
        "zh": "这个网络地址的登录尝试过多，请 {seconds} 秒后再试。",
        "en": "Too many login attempts from this address. Try again in {seconds} s.",
    },
    "login.busy": {
        "zh": "登录的人较多，请稍等几秒再试。",
        "en": "Many logins at once: please try again in a few seconds.",
    },
    "login.cookie_note": {
        "zh": "登录状态保存在本浏览器中，退出登录后立即失效。",
        "en": "The login is kept in this browser and ends at once when you log out.",
    },
    "account.error.password_local": {
        "zh": "密码由地名、姓名拼音、年份或 520、1314 之类的数字组成，最先被猜到："
        "请加入至少 {minimum} 个与这些无关的字母或数字。",
        "en": "The password is made of a place, a name in pinyin, a year or numbers such as "
        "520 and 1314, which are guessed first: add at least {minimum} letters or digits of "
        "your own.",
    },
    "account.error.password_weak": {
        "zh": "密码太容易被猜到：请用更长、不常见的词组（例如几个不相关的词加数字）。",
        "en": "The password is too easy to guess: use a longer, uncommon phrase "
        "(for example several unrelated words and a number).",
    },
    "account.error.password_name": {
        "zh": "密码不能包含用户名。",
        "en": "The password must not contain the username.",
    },
    "users.sessions": {"zh": "登录中的浏览器", "en": "Logged-in browsers"},
    "users.everywhere": {"zh": "在所有浏览器退出登录", "en": "Log out everywhere"},
    "users.everywhere_help": {
        "zh": "结束所选账号在所有浏览器和设备上的登录（例如手机丢失时）。",
        "en": "Ends the chosen account's logins in every browser and device "
        "(for example after a lost phone).",
    },
    "users.everywhere_done": {
        "zh": "已结束 {username} 的 {count} 个登录。",
        "en": "Ended {count} login(s) of {username}.",
    },
    "error.busy": {
        "zh": "系统正忙（正在写入大量数据），请稍后再提交一次。",
        "en": "The system is busy (a large update is being written). Please try again in a moment.",
    },
    "error.unexpected": {
        "zh": "出现了意外错误，请稍后再试。如需帮助，请告知工作人员错误编号 {error_id}。",
        "en": "Something went wrong. Please try again later; if you ask for help, give the "
        "error number {error_id}.",
    },
    "error.beside_field": {"zh": "{field}：{reason}", "en": "{field}: {reason}"},
    "error.programme_unknown": {
        "zh": "没有编号为「{key}」的改造计划。",
        "en": "No programme has the key “{key}”.",
    },
    "error.bad_link": {
        "zh": "链接无效，请从首页重新打开。",
        "en": "This link is not valid: open the page again from the start page.",
    },
}
