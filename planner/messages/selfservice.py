"""Messages of landing after a login, the language kept, and accounts managed by an admin
(a reset password shown once, its forced change, a new role)."""

MESSAGES: dict[str, dict[str, str]] = {
    "account.error.self_change": {
        "zh": "不能在这里更改自己的账号，请让另一位管理员操作。",
        "en": "You cannot change your own account here; ask another administrator.",
    },
    "account.error.password_same": {
        "zh": "新密码不能与临时密码相同。",
        "en": "The new password must differ from the temporary one.",
    },
    "login.go_on": {"zh": "前往{page}", "en": "Go on to {page}"},
    "users.reset": {"zh": "重置密码", "en": "Reset the password"},
    "users.reset_help": {
        "zh": "生成一次性临时密码：只显示这一次，该账号所有登录随即结束，"
        "下次登录时必须改为自己的新密码。",
        "en": "Makes a one-time temporary password: shown only this once; every login of the "
        "account ends, and its next login must choose a new password.",
    },
    "users.reset_confirm": {
        "zh": "确认重置 {username} 的密码？该账号所有登录将立即结束，下次登录须使用临时密码。",
        "en": "Reset the password of {username}? Every login of the account ends at once; its "
        "next login needs the temporary password.",
    },
    "users.reset_yes": {"zh": "确认重置", "en": "Reset it"},
    "users.reset_no": {"zh": "取消", "en": "Cancel"},
    "users.reset_done": {
        "zh": "已为 {username} 重置密码。临时密码（只显示这一次，请当面或电话告知本人）：",
        "en": "The password of {username} was reset. The temporary password (shown only this "
        "once; hand it over in person or by phone):",
    },
    "users.manage": {"zh": "管理账号", "en": "Manage an account"},
    "users.role_change": {"zh": "更改角色", "en": "Change the role"},
    "users.role_new": {"zh": "新角色", "en": "New role"},
    "users.role_changed": {
        "zh": "{username} 的角色已改为“{role}”。",
        "en": "The role of {username} is now {role}.",
    },
    "users.role_same": {
        "zh": "{username} 的角色本来就是“{role}”。",
        "en": "{username} has the role {role} already.",
    },
    "password.change_title": {"zh": "请设置新密码", "en": "Choose a new password"},
    "password.change_intro": {
        "zh": "管理员为您的账号设置了临时密码。继续使用前，请设置只有您自己知道的新密码。",
        "en": "An administrator gave your account a temporary password. Choose a new password "
        "that only you know before you go on.",
    },
    "password.new": {"zh": "新密码", "en": "New password"},
    "password.again": {"zh": "再次输入新密码", "en": "New password again"},
    "password.save": {"zh": "保存新密码", "en": "Save the new password"},
    "password.changed": {"zh": "新密码已保存。", "en": "Your new password is saved."},
}
