namespace Paylent.Web.Errors;

/// <summary>
/// Endpoint metadata naming the error format of a surface that has its own (the OAuth endpoints'
/// RFC 6749 JSON, the management API's JSON:API), for failures found before the endpoint runs.
/// MVC pages answer with a page of their area; everything else with <see cref="ErrorResponse"/>.
/// </summary>
public sealed class ErrorFormat
{
    public static readonly ErrorFormat OAuth = new();
    public static readonly ErrorFormat JsonApi = new();

    private ErrorFormat()
    {
    }
}
