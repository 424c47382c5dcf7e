using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;

namespace Paylent.Application.OAuth.Clients;

public sealed record ListOAuthClients(PageRequest? Page = null) : IQuery<Page<OAuthClientDto>>;

internal sealed class ListOAuthClientsHandler(IOAuthData db) : IQueryHandler<ListOAuthClients, Page<OAuthClientDto>>
{
    public async Task<Page<OAuthClientDto>> Handle(ListOAuthClients query, CancellationToken cancellationToken)
    {
        var page = await db.OAuthClients.AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id).ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        return new Page<OAuthClientDto>(page.Items.Select(OAuthClientDto.From).ToList(), page.Number, page.Size, page.HasNext);
    }
}

internal sealed class ListOAuthClientsValidator : AbstractValidator<ListOAuthClients>
{
    public ListOAuthClientsValidator() =>
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
}
