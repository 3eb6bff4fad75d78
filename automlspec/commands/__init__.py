"""One module per verb: each takes the command line's values and returns a typed result. Nothing here
prints or exits: ``views`` print the result and ``cli`` maps it to an exit code (terraform's
``internal/command`` and ``internal/command/views`` seams; errors.ExitCode is the one table).

An error that stops a command before it has anything to show is raised (an ``errors.AutomlspecError``:
one line and its exit code); an error met after some output exists is carried in the result, so that the
view prints both in the order they happened.
"""
