using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Access.Assignments;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The selected environment's OAuth clients: list, settings, secret rotation and deletion.</summary>
[Route("environments/{environment}/oauth-clients")]
public sealed class OAuthClientsController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery, Range(1, PageRequest.MaxNumber)] int page = 1)
    {
        if (!ModelState.IsValid)
        {
            page = 1;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var clients = await Dispatcher.Send(new ListOAuthClients(new PageRequest(page)), HttpContext.RequestAborted);
        return this.FragmentOrPage("_List", clients);
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id)
    {
        var client = await GetAsync(id);
        return View(await PageAsync(client, OAuthClientForm.From(client)));
    }

    [HttpPost("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, [FromForm] OAuthClientForm form)
    {
        var client = await GetAsync(id);
        form.ClientType = client.ClientType;
        var (saved, _) = await SendAsync(new UpdateOAuthClient(id, OAuthClientChanges.All(form.ToSettings())));
        if (saved)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash = Flash.ClientSaved });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(await PageAsync(client, form));
    }

    [HttpGet("{id:guid}/rotate-secret")]
    public async Task<IActionResult> RotateSecret(Guid id) => View(await GetAsync(id));

    [HttpPost("{id:guid}/rotate-secret")]
    [ActionName(nameof(RotateSecret))]
    public async Task<IActionResult> RotateSecretConfirmed(Guid id)
    {
        var (rotated, client) = await SendAsync(new RotateClientSecret(id));
        if (!rotated)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await GetAsync(id));
        }

        Response.Headers.CacheControl = "no-store";
        return View("Secret", client);
    }

    [HttpGet("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id) => View(await GetAsync(id));

    [HttpPost("{id:guid}/delete")]
    [ActionName(nameof(Delete))]
    public async Task<IActionResult> DeleteConfirmed(Guid id)
    {
        var (deleted, _) = await SendAsync(new DeleteOAuthClient(id));
        if (!deleted)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await GetAsync(id));
        }

        return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash = Flash.ClientDeleted });
    }

    /// <summary>A confidential client's page shows its service account's roles; a public client has no service account.</summary>
    private async Task<OAuthClientPage> PageAsync(OAuthClientDto client, OAuthClientForm form) =>
        new(client, form, client.ClientType == ClientType.Confidential
            ? await SubjectRolesPage.LoadAsync(Dispatcher, RoleSubject.Client(client.Id), "oauth-clients", client.Id, HttpContext.RequestAborted)
            : null);

    private Task<OAuthClientDto> GetAsync(Guid id) => Dispatcher.Send(new GetOAuthClient(id), HttpContext.RequestAborted);

    private Task<(bool Succeeded, TResult? Result)> SendAsync<TResult>(ICommand<TResult> command) =>
        Dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);
}

/// <summary>A client's page; <see cref="Roles"/> are its service account's, for a confidential client only.</summary>
public sealed record OAuthClientPage(OAuthClientDto Client, OAuthClientForm Form, SubjectRolesPage? Roles);
