namespace Paylent.Web.Api.JsonApi;

/// <summary><c>filter[name]</c> query parameters: absent, or exactly one value.</summary>
public static class QueryFilters
{
    public static string? Read(HttpRequest request, string name)
    {
        var values = request.Query[$"filter[{name}]"];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw JsonApiException.BadParameter($"filter[{name}]", $"filter[{name}] takes one value."),
        };
    }
}
