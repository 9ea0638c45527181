"""The routes, one module per area of the site; each is an ``APIRouter`` that
:func:`kommunanalys.web.app.create_app` includes."""
