using Htmx;
using Microsoft.AspNetCore.Mvc;

namespace Paylent.Web.Common;

/// <summary>How Paylent answers htmx, on top of the Htmx package's request and response headers.</summary>
public static class HtmxExtensions
{
    /// <summary>
    /// An htmx request that swaps part of the page, so the fragment is the right answer: not a
    /// history restore, and not a full-page request (htmx 4 says which in <c>HX-Request-Type</c>, a
    /// header the package, written for htmx 1 and 2, does not know).
    /// </summary>
    public static bool IsHtmxPartial(this HttpRequest request) =>
        request.IsHtmx() && !request.IsHtmxHistoryRestoreRequest() && request.Headers["HX-Request-Type"] != "full";

    /// <summary>
    /// The fragment for an htmx swap, else the whole page (<paramref name="page"/>, or the action's
    /// own view); both come from one URL, so caches are told they differ by <c>HX-Request</c>.
    /// </summary>
    public static IActionResult FragmentOrPage(this Controller controller, string fragment, object? model, string? page = null)
    {
        controller.Response.Headers.Vary = HtmxRequestHeaders.Keys.Request;
        return controller.Request.IsHtmxPartial() ? controller.PartialView(fragment, model)
            : page is null ? controller.View(model)
            : controller.View(page, model);
    }
}
