from offsetcalc.cli import main

main()
