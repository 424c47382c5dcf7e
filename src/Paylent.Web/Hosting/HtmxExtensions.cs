namespace Paylent.Web.Hosting;

/// <summary>The few htmx request/response headers Paylent uses.</summary>
public static class HtmxExtensions
{
    /// <summary>
    /// An htmx request that swaps part of the page (not a full-page or history-restore request),
    /// so the fragment is the right answer.
    /// </summary>
    public static bool IsHtmxPartial(this HttpRequest request) =>
        request.Headers["HX-Request"] == "true" && request.Headers["HX-Request-Type"] != "full";

    /// <summary>Raises a client-side event (a toast) once the response is swapped in.</summary>
    public static void TriggerHtmx(this HttpResponse response, string eventName) =>
        response.Headers["HX-Trigger"] = eventName;
}
