"""Ways into the bot that are not a person in Slack: Vitec's notifications, Workflow Builder."""
