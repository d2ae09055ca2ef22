"""The bundled, staff-editable data, installed as the package `lstm_arcade.assets`; found only
through `lstm_arcade.formats.assets`."""
