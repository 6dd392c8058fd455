"""2. What is installed: the indicator and rule-kind plugins, loaded one entry point at a time,
each checked, and every failure kept with the plugin's name."""
