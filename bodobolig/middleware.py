class NorwegianFirstMiddleware:
    """Bokmål unless the user picked English with the language switch.

    A municipality's pages are Norwegian first, so the browser's
    Accept-Language is not used to choose; the switch sets Django's language
    cookie, which LocaleMiddleware honours. Runs before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
