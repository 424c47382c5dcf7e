using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Email;

namespace Paylent.Application.Email;

/// <summary>The Email module's table, the outbox: its data port.</summary>
public interface IEmailData
{
    DbSet<OutboxEmail> OutboxEmails { get; }
}
