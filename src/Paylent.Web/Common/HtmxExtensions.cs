namespace Paylent.Web.Common;

/// <summary>The htmx request headers Paylent reads.</summary>
public static class HtmxExtensions
{
    /// <summary>
    /// An htmx request that swaps part of the page (not a full-page or history-restore request),
    /// so the fragment is the right answer.
    /// </summary>
    public static bool IsHtmxPartial(this HttpRequest request) =>
        request.Headers["HX-Request"] == "true" && request.Headers["HX-Request-Type"] != "full";
}
