using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Common.Messaging;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Domain.OAuth;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The selected environment's signing keys (seed 001): generate, set as primary, deactivate; each
/// through a confirmation page, then back to the list with a flash message.
/// </summary>
[Route("environments/{environment}/signing-keys")]
public sealed class SigningKeysController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await Dispatcher.Send(new ListSigningKeys(), HttpContext.RequestAborted));

    [HttpGet("generate")]
    public IActionResult Generate() => View();

    [HttpPost("generate")]
    [ActionName(nameof(Generate))]
    public async Task<IActionResult> GenerateConfirmed([FromForm] string? algorithm)
    {
        var (generated, _) = await SendAsync(new GenerateSigningKey(algorithm ?? SigningAlgorithms.Rs256));
        if (!generated)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ViewData["Algorithm"] = algorithm;
            return View();
        }

        return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash = Flash.KeyGenerated });
    }

    [HttpGet("{id:guid}/set-primary")]
    public async Task<IActionResult> SetPrimary(Guid id) => View(await GetAsync(id));

    [HttpPost("{id:guid}/set-primary")]
    [ActionName(nameof(SetPrimary))]
    public Task<IActionResult> SetPrimaryConfirmed(Guid id) => ChangeAsync(id, new SetPrimarySigningKey(id), Flash.KeySetPrimary);

    [HttpGet("{id:guid}/deactivate")]
    public async Task<IActionResult> Deactivate(Guid id) => View(await GetAsync(id));

    [HttpPost("{id:guid}/deactivate")]
    [ActionName(nameof(Deactivate))]
    public Task<IActionResult> DeactivateConfirmed(Guid id) => ChangeAsync(id, new DeactivateSigningKey(id), Flash.KeyDeactivated);

    /// <summary>Back to the list on success; otherwise the confirmation again, with the refusal on it.</summary>
    private async Task<IActionResult> ChangeAsync(Guid id, ICommand<SigningKeyDto> command, string flash)
    {
        var (changed, _) = await SendAsync(command);
        if (changed)
        {
            return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(await GetAsync(id));
    }

    private Task<SigningKeyDto> GetAsync(Guid id) => Dispatcher.Send(new GetSigningKey(id), HttpContext.RequestAborted);

    private Task<(bool Succeeded, TResult? Result)> SendAsync<TResult>(ICommand<TResult> command) =>
        Dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);
}
