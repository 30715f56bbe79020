"""The dialog kit: every modal the screens open is built from these few classes.

``Confirm`` asks yes or no, ``Prompt`` asks for one value, ``Picker`` chooses an
employee, a period or a unit from a list narrowed as the clerk types, ``FormDialog``
is the base of every form (fields, errors beside the field, focus, the conflict
dialog), ``TextDialog`` shows a long text to scroll.  They share one look, set in
``tui/app.tcss``.  Import from the submodules: a screen loads only what it opens.
"""
