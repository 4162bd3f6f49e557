"""The service layer: the rules views, the API, the CLI and the worker all call.

Services take what they need as arguments and return data: no `request`, `session`, `g`, `current_app`
or `Markup` here. Their errors live in webapp.services.exceptions.
"""
