using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Paylent.Application.OAuth;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.Common;
using Paylent.Web.Hosting;
using Paylent.Web.OAuth;

namespace Paylent.Web.Errors;

/// <summary>
/// A request refused before its endpoint ran (<see cref="InputTextMiddleware"/>), answered in its
/// surface's format: RFC 6749 §5.2 <c>invalid_request</c> on the OAuth endpoints, a JSON:API error
/// on the management API, the <c>InputRejected</c> page of its area on the dashboard and the hosted
/// pages (the authorization and end-session endpoints among them: a request that cannot be read
/// is never redirected to a client), and the platform answer anywhere else.
/// </summary>
internal static class InputRejection
{
    public const string ViewName = "InputRejected";

    public static async Task WriteAsync(HttpContext context, Endpoint endpoint, InputProblem problem)
    {
        if (endpoint.Metadata.GetMetadata<ErrorFormat>() == ErrorFormat.OAuth)
        {
            // §5.2 has no 415: every unreadable request is invalid_request.
            await OAuthResults.Error(OAuthErrors.InvalidRequest, problem.Detail).ExecuteAsync(context);
        }
        else if (endpoint.Metadata.GetMetadata<ErrorFormat>() == ErrorFormat.JsonApi)
        {
            var source = problem.Parameter is null ? null : new JsonApiErrorSource(Parameter: problem.Parameter);
            await JsonApiResults.Errors(problem.Status, JsonApiError.Of(problem.Status, problem.Code, problem.Title, problem.Detail, source)).ExecuteAsync(context);
        }
        else if (endpoint.Metadata.GetMetadata<ActionDescriptor>() is { } action)
        {
            context.Response.Headers.CacheControl = "no-store";
            var viewData = new ViewDataDictionary<string>(context.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
            {
                Model = problem.Detail,
            };
            // An htmx form swaps in the fragment alone, as the area's own form answers do.
            IActionResult page = context.Request.IsHtmxPartial()
                ? new PartialViewResult { ViewName = ViewName, StatusCode = problem.Status, ViewData = viewData }
                : new ViewResult { ViewName = ViewName, StatusCode = problem.Status, ViewData = viewData };
            await page.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), action));
        }
        else
        {
            await ErrorResponse.WriteAsync(context, problem.Status, problem.Code, problem.Title, problem.Detail);
        }
    }
}
