using Microsoft.AspNetCore.Mvc;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The 4-step client wizard. Each step posts every value so far (no server-side state), is checked
/// before the next one shows, and swaps in place under htmx; the last step creates the client and
/// shows its secret once.
/// </summary>
[Route("environments/{environment}/oauth-clients/new")]
public sealed class OAuthClientWizardController : DashboardController
{
    [HttpGet("")]
    public IActionResult Index() => Step(new NewOAuthClientForm());

    [HttpPost("")]
    public async Task<IActionResult> Index([FromForm] NewOAuthClientForm form, [FromForm] bool back = false)
    {
        if (back)
        {
            ModelState.Clear();
            form.Step--;
            return Step(form);
        }

        if (OAuthClientWizard.FirstInvalidStep(form, ModelState) is { } invalid)
        {
            form.Step = invalid;
            return Step(form, StatusCodes.Status400BadRequest);
        }

        if (form.Step < OAuthClientWizard.Steps)
        {
            ModelState.Clear();
            form.Step++;
            if (form.GrantTypes.Count == 0)
            {
                // The capabilities step starts from what the API gives a client of this type.
                form.GrantTypes = [.. OAuthClientSettings.DefaultGrantTypes(form.ClientType)];
            }

            return Step(form);
        }

        var (created, client) = await Dispatcher.TrySendAsync(new CreateOAuthClient(form.ClientType, form.ToSettings()), ModelState, HttpContext.RequestAborted);
        if (!created)
        {
            form.Step = OAuthClientWizard.FirstStepWithError(ModelState);
            return Step(form, StatusCodes.Status400BadRequest);
        }

        Response.Headers.CacheControl = "no-store";
        return this.FragmentOrPage("_Created", client, "Created");
    }

    private IActionResult Step(NewOAuthClientForm form, int status = StatusCodes.Status200OK)
    {
        Response.StatusCode = status;
        return this.FragmentOrPage("_Step", form, nameof(Index));
    }
}
