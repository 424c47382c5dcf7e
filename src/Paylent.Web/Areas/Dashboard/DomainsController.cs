using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Application.Domains;
using Paylent.Domain.Domains;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The selected environment's custom domains: list with states, add, details with the DNS records to
/// copy and "verify now", certificate details once there are any with "renew now", delete after confirmation.
/// </summary>
[Route("environments/{environment}/domains")]
public sealed class DomainsController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery, Range(1, PageRequest.MaxNumber)] int page = 1)
    {
        if (!ModelState.IsValid)
        {
            page = 1;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return this.FragmentOrPage("_List", await PageAsync(page, new NewDomainForm()));
    }

    [HttpPost("")]
    public async Task<IActionResult> Create([FromForm] NewDomainForm form)
    {
        var (created, domain) = await SendAsync(new CreateDomain(form.Hostname ?? string.Empty));
        if (created)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id = domain!.Id, flash = Flash.DomainAdded });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), await PageAsync(1, form));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id) => View(await Dispatcher.Send(new GetDomain(id), HttpContext.RequestAborted));

    [HttpPost("{id:guid}/verify")]
    public async Task<IActionResult> Verify(Guid id)
    {
        var (checkedNow, domain) = await SendAsync(new VerifyDomain(id));
        if (!checkedNow)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Details), await Dispatcher.Send(new GetDomain(id), HttpContext.RequestAborted));
        }

        var failed = domain!.State == DomainStates.Name(DomainState.VerificationFailed) || domain.State == DomainStates.Name(DomainState.Disabled);
        var flash = failed ? Flash.DomainNotVerified : Flash.DomainChecked;
        return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash });
    }

    /// <summary>"Renew now": nothing is lost (the working certificate serves until the new one is stored), so no confirmation page.</summary>
    [HttpPost("{id:guid}/renew")]
    public async Task<IActionResult> Renew(Guid id)
    {
        var (renewed, _) = await SendAsync(new RenewDomain(id));
        if (!renewed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Details), await Dispatcher.Send(new GetDomain(id), HttpContext.RequestAborted));
        }

        return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash = Flash.DomainRenewalQueued });
    }

    [HttpGet("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id) => View(await Dispatcher.Send(new GetDomain(id), HttpContext.RequestAborted));

    [HttpPost("{id:guid}/delete")]
    [ActionName(nameof(Delete))]
    public async Task<IActionResult> DeleteConfirmed(Guid id)
    {
        var (deleted, _) = await SendAsync(new DeleteDomain(id));
        if (!deleted)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await Dispatcher.Send(new GetDomain(id), HttpContext.RequestAborted));
        }

        return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash = Flash.DomainDeleted });
    }

    private async Task<DomainsPage> PageAsync(int page, NewDomainForm form) =>
        new(await Dispatcher.Send(new ListDomains(Page: new PageRequest(page)), HttpContext.RequestAborted), form);

    private Task<(bool Succeeded, TResult? Result)> SendAsync<TResult>(ICommand<TResult> command) =>
        Dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);
}

public sealed record DomainsPage(Page<DomainDto> Domains, NewDomainForm Form);

public sealed class NewDomainForm
{
    public string? Hostname { get; set; }
}
