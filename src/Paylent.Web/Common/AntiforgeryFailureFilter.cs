using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Paylent.Web.Common;

/// <summary>
/// A form posted without a valid antiforgery token (expired page, or sent from another site) gets a
/// page that says so, instead of the framework's empty 400.
/// </summary>
internal sealed class AntiforgeryFailureFilter : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            context.Result = new ViewResult
            {
                ViewName = "FormExpired",
                StatusCode = StatusCodes.Status400BadRequest,
            };
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
