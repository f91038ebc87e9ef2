"""The Streamlit workspace that app.py lays out, one job per module:

page          one run of the page: what it works with, the session's state, errors as sentences
engine        the parts every session shares (model, embedder, index, chats), loaded in background
jobs          the thread runtime: loaders, background jobs, the streamed answer, watching them
conversation  the chat: messages, answers with figures, charts and sources, the chat box
sidebar       chats, search filters, watchlist; indexing: uploads, data and model, refresh
charts        the price charts under answers;  chats  chat history and Markdown export
text          untrusted text made literal, errors said to a person
"""
