using Microsoft.AspNetCore.Mvc.ModelBinding;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The wizard's form: every step's values, carried forward in hidden fields, and the step being answered.</summary>
public sealed class NewOAuthClientForm : OAuthClientForm
{
    public int Step
    {
        get;
        set => field = Math.Clamp(value, 1, OAuthClientWizard.Steps);
    } = 1;
}

/// <summary>
/// The four steps of the client wizard (seed 002): which fields each step asks for, and which step a
/// problem sends the admin back to. The rules themselves are the domain's.
/// </summary>
public static class OAuthClientWizard
{
    public const int Steps = 4;

    public static readonly IReadOnlyList<string> Titles = ["Basic info", "Capabilities", "URIs & scopes", "Token settings"];

    // Everything else (the token settings, and problems with no field) belongs to the last step.
    private static readonly Dictionary<string, int> StepOfField = new(StringComparer.Ordinal)
    {
        [nameof(OAuthClientForm.Name)] = 1,
        [nameof(OAuthClientForm.ClientType)] = 1,
        [nameof(OAuthClientForm.GrantTypes)] = 2,
        [nameof(OAuthClientForm.RedirectUris)] = 3,
        [nameof(OAuthClientForm.PostLogoutRedirectUris)] = 3,
        [nameof(OAuthClientForm.AllowedScopes)] = 3,
    };

    /// <summary>The earliest step with a problem in the model state, or the last step if the problem has no field.</summary>
    public static int FirstStepWithError(ModelStateDictionary modelState) => ErrorSteps(modelState).DefaultIfEmpty(Steps).Min();

    /// <summary>
    /// Checks what the steps answered so far say, by letting the domain judge a throwaway client built
    /// from them. The domain judges a whole client, so the steps still to come have their defaults, and
    /// a complaint about one of their fields waits for that step (the last step checks everything).
    /// Returns the earliest answered step with a problem, its messages added to <paramref name="modelState"/>.
    /// </summary>
    public static int? FirstInvalidStep(NewOAuthClientForm form, ModelStateDictionary modelState)
    {
        if (!ErrorSteps(modelState).Any(step => step <= form.Step))
        {
            try
            {
                var draftSecretHash = form.ClientType == ClientType.Confidential ? "draft" : null;
                _ = OAuthClient.Create(Guid.Empty, "draft", form.ClientType, form.ToSettings(), draftSecretHash, DateTime.UnixEpoch);
            }
            catch (DomainException exception) when (StepOf(exception.Field ?? string.Empty) <= form.Step)
            {
                modelState.AddModelError(exception.Field ?? string.Empty, exception.Message);
            }
            catch (DomainException)
            {
                // About a step still to come: asked there.
            }
        }

        var answered = ErrorSteps(modelState).Where(step => step <= form.Step).ToList();
        return answered.Count == 0 ? null : answered.Min();
    }

    private static int StepOf(string field) => StepOfField.GetValueOrDefault(field, Steps);

    private static IEnumerable<int> ErrorSteps(ModelStateDictionary modelState) =>
        modelState.Where(entry => entry.Value?.Errors.Count > 0).Select(entry => StepOf(entry.Key));
}
