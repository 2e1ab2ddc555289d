"""The `chanye` console script: a thin dispatcher to Django management commands.

chanye init                      migrate, load the default system, create the admin
chanye serve [--host H --port P] serve the cockpit (refuses with unapplied migrations)
chanye worker [--batch]          run background tasks (large imports) and schedules (nightly snapshots)
chanye system load FILE [--dry-run] | export SLUG [-o FILE] | list
chanye targets load FILE | status [--on DATE --district CODE] | recompute | snapshot
chanye enterprises import FILE [--dry-run] | classify CSV | reclassify | rollups
chanye user create NAME --role R [--district CODE] [--office KEY] | reset-password NAME | list
chanye demo [--enterprises N] [--clear]  deterministic demo data, labelled 演示数据 everywhere
chanye get PATH                  print the JSON of GET PATH as the built-in read-only user
chanye version
chanye manage ...                any Django management command
"""

import os
import sys

COMMANDS = {
    "init": "init",
    "demo": "demo",
    "serve": "serve",
    "system": "system",
    "targets": "targets",
    "enterprises": "enterprises",
    "user": "user",
    "get": "get",
    "worker": "worker",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__.strip())
        return
    if argv[0] == "version":
        from chanye import __version__

        print(f"chanye {__version__}")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chanye.settings")
    from django.core.management import execute_from_command_line

    if argv[0] == "manage":
        execute_from_command_line(["chanye", *argv[1:]])
        return
    command = COMMANDS.get(argv[0])
    if command is None:
        print(
            f"未知命令「{argv[0]}」。可用命令：{'、'.join([*COMMANDS, 'version', 'manage'])}。运行 chanye --help 查看用法。",
            file=sys.stderr,
        )
        sys.exit(2)
    execute_from_command_line(["chanye", command, *argv[1:]])


if __name__ == "__main__":
    main()
