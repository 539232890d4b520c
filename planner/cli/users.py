"""``planner user add|list|disable|enable|set-password|logout-everywhere``: staff accounts from
the command line.

Passwords are never taken as a command-line argument (it would show in the process list and
the shell history): they are asked for twice on a terminal, or read from the first line of
standard input with ``--password-stdin`` (for scripts).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from sqlalchemy.engine import Engine

from planner.accounts import actions, reads
from planner.accounts.users import AccountError
from planner.audit import Actor
from planner.cli.output import report_refusal
from planner.errors import Refused
from planner.runtime.startup import ensure_database_ready
from planner.settings import load_settings

ACTOR = Actor.system("cli")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("password again: ") != first:
        raise AccountError("users.password_mismatch")
    return first


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run ``planner user ...``; None for other commands."""
    if args.command != "user":
        return None
    ensure_database_ready(engine)
    try:
        if args.user_command == "list":
            rows = [
                {
                    "username": u.username,
                    "display_name": u.display_name,
                    "role": u.role,
                    "active": u.active,
                    "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
                }
                for u in reads.user_rows(engine)
            ]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            else:
                for row in rows:
                    state = "active" if row["active"] else "disabled"
                    name = row["display_name"]
                    print(f"{row['username']:<24} {row['role']:<10} {state:<9} {name}")
            return 0
        if args.user_command == "add":
            password = _read_password(args.password_stdin)
            actions.add_user(
                engine,
                username=args.username,
                password=password,
                role=args.role,
                display_name=args.display_name,
                actor=ACTOR,
                min_score=load_settings().password_min_score,
            )
            print(f"added {args.username} ({args.role})")
            return 0
        if args.user_command == "disable":
            actions.disable_user(engine, args.username, actor=ACTOR)
            print(f"disabled {args.username}")
            return 0
        if args.user_command == "enable":
            actions.enable_user(engine, args.username, actor=ACTOR)
            print(f"enabled {args.username}")
            return 0
        if args.user_command == "set-password":
            password = _read_password(args.password_stdin)
            actions.change_password(
                engine,
                args.username,
                password,
                actor=ACTOR,
                min_score=load_settings().password_min_score,
            )
            print(f"new password set for {args.username}")
            return 0
        if args.user_command == "logout-everywhere":
            ended = actions.log_out_everywhere(engine, args.username, actor=ACTOR)
            print(f"ended {ended} login(s) of {args.username}")
            return 0
    except Refused as error:
        return report_refusal(error)
    return 2
