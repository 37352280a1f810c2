"""What developers run beside the bot, never in production: a local Vitec and a local Slack."""
