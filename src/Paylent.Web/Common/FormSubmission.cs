using Microsoft.AspNetCore.Mvc.ModelBinding;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;

namespace Paylent.Web.Common;

/// <summary>
/// How every form of the dashboard and the hosted pages sends its command: validation, business-rule
/// and conflict failures become messages on the form's fields (the one place these surfaces map
/// errors), never an error page.
/// </summary>
public static class FormSubmission
{
    public static async Task<(bool Succeeded, TResult? Result)> TrySendAsync<TResult>(
        this IDispatcher dispatcher, ICommand<TResult> command, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        if (!modelState.IsValid)
        {
            return (false, default);
        }

        try
        {
            return (true, await dispatcher.Send(command, cancellationToken));
        }
        catch (RequestValidationException exception)
        {
            foreach (var error in exception.Errors)
            {
                modelState.AddModelError(FormField(error.Field), error.Message);
            }
        }
        catch (DomainException exception)
        {
            modelState.AddModelError(exception.Field ?? string.Empty, exception.Message);
        }
        catch (ConflictException exception)
        {
            modelState.AddModelError(string.Empty, exception.Message);
        }

        return (false, default);
    }

    // A nested request's errors name a property path (Settings.Name); forms bind the settings' fields flat.
    private static string FormField(string field) => field[(field.LastIndexOf('.') + 1)..];
}
