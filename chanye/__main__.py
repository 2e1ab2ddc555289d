from chanye.cli import main

main()
